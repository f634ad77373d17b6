namespace Portal.Infrastructure.Ui;

/// <summary>The visitor's display choices, cascaded from the router to every layout.</summary>
public sealed record UiPreferences(bool DarkMode);
