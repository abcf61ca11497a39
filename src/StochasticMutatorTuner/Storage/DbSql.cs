using System.Data.Common;
using System.Globalization;

namespace StochasticMutatorTuner.Storage;

/// <summary>Parameterized commands for the database storages: SQL text is always a constant of this assembly.</summary>
internal static class DbSql
{
#pragma warning disable CA2100 // SQL text is built only from constants of this assembly; every value is a parameter.
    public static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
#pragma warning restore CA2100

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, tx, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first column of the first row as a long, or null when there is no row (or it is NULL).</summary>
    public static async Task<long?> ScalarAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, tx, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : ToLong(value);
    }

    /// <summary>The first column of every row, as ints.</summary>
    public static async Task<List<int>> IntsAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, tx, sql, parameters);
        var result = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(ToInt(reader.GetValue(0)));
        }

        return result;
    }

    public static long ToLong(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    public static int ToInt(object value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);

    /// <summary>"@p0, @p1, …" for an IN list, with the parameters to add.</summary>
    public static (string Sql, (string Name, object? Value)[] Parameters) InList(string prefix, IReadOnlyList<int> values)
    {
        var names = new string[values.Count];
        var parameters = new (string, object?)[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            names[i] = "@" + prefix + i.ToString(CultureInfo.InvariantCulture);
            parameters[i] = (prefix + i.ToString(CultureInfo.InvariantCulture), values[i]);
        }

        return (string.Join(", ", names), parameters);
    }
}
