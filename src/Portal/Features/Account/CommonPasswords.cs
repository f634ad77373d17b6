namespace Portal.Features.Account;

/// <summary>
/// The passwords (and the words at their core) that lead every breach list, plus the names of this product: the ones
/// a guessing attack tries first. Small on purpose: it stops the obvious, the length rule does the rest.
/// </summary>
internal static class CommonPasswords
{
    public static readonly FrozenSet<string> List = new[]
    {
        "password", "passw", "pass", "passwort", "motdepasse", "mima", "woaini", "iloveyou", "loveyou", "love",
        "qwerty", "qwertyuiop", "qwertz", "azerty", "asdf", "asdfgh", "asdfghjkl", "zxcvbn", "zxcvbnm", "qazwsx",
        "qwe", "qweasd", "qweasdzxc", "qaz2wsx", "1qaz2wsx", "abc", "abcd", "abcdef", "abcdefg", "abcdefgh",
        "abcdefghijkl", "aaaaaa", "admin", "administrator", "root", "toor", "guest", "user", "test", "tester",
        "demo", "default", "changeme", "letmein", "welcome", "welcomeback", "hello", "helloworld", "secret",
        "master", "monkey", "dragon", "shadow", "sunshine", "princess", "football", "baseball", "soccer", "superman",
        "batman", "starwars", "pokemon", "whatever", "trustno", "freedom", "ninja", "mustang", "michael", "jordan",
        "summer", "winter", "spring", "autumn", "login", "access", "computer", "internet", "google", "microsoft",
        "yilianyun", "portal", "printer", "receipt", "company", "merchant", "operator",
        "123456789012", "1234567890", "0987654321", "111111111111", "123123123123", "123qwe", "1q2w3e4r",
        "1q2w3e4r5t", "1q2w3e4r5t6y", "zaq1zaq1", "q1w2e3r4", "a1b2c3d4",
    }.ToFrozenSet(StringComparer.Ordinal);
}
