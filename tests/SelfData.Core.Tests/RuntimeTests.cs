namespace SelfData.Core.Tests;

public class RuntimeTests
{
    [Fact]
    public void Each_target_runs_on_its_own_runtime()
    {
        // net8.0 tests run self-contained on the 8.0 runtime pack: the net8.0-only code paths of the libraries run here.
#if NET10_0_OR_GREATER
        Assert.Equal(10, Environment.Version.Major);
#else
        Assert.Equal(8, Environment.Version.Major);
#endif
    }
}
