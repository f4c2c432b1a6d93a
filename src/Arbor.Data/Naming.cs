using System.Text;

namespace Arbor.Data;

/// <summary>Column names as the hand-written migrations spell them: snake_case of the property name.</summary>
internal static class Naming
{
    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }
}
