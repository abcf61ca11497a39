using System;
using System.Text;

namespace StochasticMutatorTuner.Generators.Helpers;

/// <summary>The one writer of generated source: indentation and blocks, "\n" line endings.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4);
        }

        _text.Append(line).Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/> and "{", indents until the returned scope is disposed, then writes "}" (plus <paramref name="closing"/>).</summary>
    public IDisposable Block(string header, string closing = "")
    {
        Line(header);
        Line("{");
        _depth++;
        return new Scope(this, closing);
    }

    public override string ToString() => _text.ToString();

    private sealed class Scope(SourceWriter writer, string closing) : IDisposable
    {
        public void Dispose()
        {
            writer._depth--;
            writer.Line("}" + closing);
        }
    }
}
