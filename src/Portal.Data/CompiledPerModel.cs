using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Portal.Data;

/// <summary>
/// A compiled query for each EF Core model it runs with. EF Core binds a compiled query to the first model it meets and
/// refuses any other, and one process may hold two (the tests and the database benchmark run SQLite and PostgreSQL side
/// by side); an entry goes with its model.
/// </summary>
public sealed class CompiledPerModel<TQuery>
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _compiled = [];
    private readonly ConditionalWeakTable<IModel, TQuery>.CreateValueCallback _compile;

    /// <param name="compile">Compiles the query (<c>EF.CompileAsyncQuery(...)</c>); called once per model.</param>
    public CompiledPerModel(Func<TQuery> compile) => _compile = _ => compile();

    /// <summary>The query compiled for <paramref name="db"/>'s model.</summary>
    public TQuery For(DbContext db) => _compiled.GetValue(db.Model, _compile);
}
