using System.Numerics;
using System.Security.Cryptography;

namespace SelfData.Territory.Privacy;

/// <summary>
/// Exact samplers of the discrete Laplace and discrete Gaussian distributions (Canonne, Kamath and Steinke, "The
/// Discrete Gaussian for Differential Privacy", 2020, algorithms 1–3): integers and rationals only, uniform integers
/// drawn by rejection from a cryptographic generator. No floating-point <c>log(uniform)</c>, whose rounding leaks
/// (Mironov 2012).
/// </summary>
/// <remarks>Not thread-safe when given a generator that is not; the default <see cref="RandomNumberGenerator"/> is.</remarks>
public sealed class DiscreteNoise
{
    private readonly RandomNumberGenerator _random;

    /// <summary>Initializes a new instance of the <see cref="DiscreteNoise"/> class.</summary>
    /// <param name="random">The generator of uniform bytes; a cryptographic one by default. Tests give a seeded one.</param>
    public DiscreteNoise(RandomNumberGenerator? random = null) => _random = random ?? RandomNumberGenerator.Create();

    /// <summary>Draws from the discrete Laplace distribution of scale <c>σ = scaleNumerator / scaleDenominator</c>: <c>P(x) ∝ exp(−|x| / σ)</c>.</summary>
    /// <param name="scaleNumerator">The scale's numerator, positive.</param>
    /// <param name="scaleDenominator">The scale's denominator, positive.</param>
    /// <returns>The noise.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A part of the scale is not positive.</exception>
    public BigInteger Laplace(BigInteger scaleNumerator, BigInteger scaleDenominator)
    {
        if (scaleNumerator <= 0 || scaleDenominator <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scaleNumerator), "The scale is positive.");
        }

        // Algorithm 2 with t = numerator, s = denominator: the result has scale t / s.
        var t = scaleNumerator;
        var s = scaleDenominator;
        while (true)
        {
            var u = Uniform(t);
            if (!BernoulliExpMinus(u, t))
            {
                continue;
            }

            var v = BigInteger.Zero;
            while (BernoulliExpMinus(1, 1))
            {
                v++;
            }

            var y = (u + (t * v)) / s;
            var negative = Bernoulli(1, 2);
            if (negative && y.IsZero)
            {
                continue;
            }

            return negative ? -y : y;
        }
    }

    /// <summary>Draws from the discrete Gaussian distribution of variance parameter <c>σ² = varianceNumerator / varianceDenominator</c>: <c>P(x) ∝ exp(−x² / 2σ²)</c>.</summary>
    /// <param name="varianceNumerator">σ²'s numerator, positive.</param>
    /// <param name="varianceDenominator">σ²'s denominator, positive.</param>
    /// <returns>The noise.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A part of σ² is not positive.</exception>
    public BigInteger Gaussian(BigInteger varianceNumerator, BigInteger varianceDenominator)
    {
        if (varianceNumerator <= 0 || varianceDenominator <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(varianceNumerator), "The variance is positive.");
        }

        // Algorithm 3: t = ⌊σ⌋ + 1, Y ~ DLap(t), accepted with probability exp(−(|Y| − σ²/t)² / 2σ²).
        var n = varianceNumerator;
        var d = varianceDenominator;
        var t = IntegerSquareRoot(n / d) + 1;
        while (true)
        {
            var y = Laplace(t, 1);
            var numerator = (BigInteger.Abs(y) * t * d) - n;
            if (BernoulliExpMinus(numerator * numerator, 2 * t * t * n * d))
            {
                return y;
            }
        }
    }

    /// <summary>Draws <see langword="true"/> with probability <c>exp(−γ)</c>, <c>γ = numerator / denominator ≥ 0</c> (algorithm 1).</summary>
    internal bool BernoulliExpMinus(BigInteger numerator, BigInteger denominator)
    {
        while (numerator > denominator)
        {
            // exp(−γ) = exp(−1) · exp(−(γ − 1)).
            if (!BernoulliExpMinus(1, 1))
            {
                return false;
            }

            numerator -= denominator;
        }

        var k = 1;
        while (Bernoulli(numerator, denominator * k))
        {
            k++;
        }

        return k % 2 == 1;
    }

    /// <summary>Draws <see langword="true"/> with probability <c>numerator / denominator</c>.</summary>
    internal bool Bernoulli(BigInteger numerator, BigInteger denominator) => Uniform(denominator) < numerator;

    /// <summary>Draws a uniform integer in <c>[0, bound)</c> by rejection.</summary>
    internal BigInteger Uniform(BigInteger bound)
    {
        if (bound <= 1)
        {
            return BigInteger.Zero;
        }

        var bits = (int)(bound - 1).GetBitLength();
        var bytes = new byte[(bits + 7) / 8];
        var mask = (byte)(0xFF >> ((bytes.Length * 8) - bits));
        while (true)
        {
            _random.GetBytes(bytes);
            bytes[^1] &= mask;
            var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
            if (value < bound)
            {
                return value;
            }
        }
    }

    private static BigInteger IntegerSquareRoot(BigInteger n)
    {
        if (n < 2)
        {
            return n;
        }

        var x = (BigInteger)Math.Sqrt((double)n);
        while (x * x > n)
        {
            x--;
        }

        while ((x + 1) * (x + 1) <= n)
        {
            x++;
        }

        return x;
    }
}
