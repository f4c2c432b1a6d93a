namespace Arbor.Engine.Computation;

/// <summary>A power of ten known when code is compiled: <see cref="Money.DivideHalfEven{TPower}"/> divides by a constant.</summary>
internal interface IPowerOfTen
{
    static abstract long Value { get; }
}

/// <summary>The powers of ten 10^0 to 10^4 as types.</summary>
internal static class PowerOfTen
{
    public struct Zero : IPowerOfTen { public static long Value => 1; }
    public struct One : IPowerOfTen { public static long Value => 10; }
    public struct Two : IPowerOfTen { public static long Value => 100; }
    public struct Three : IPowerOfTen { public static long Value => 1_000; }
    public struct Four : IPowerOfTen { public static long Value => 10_000; }
}
