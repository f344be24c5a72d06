using SelfData.Portability.Jobs;

namespace SelfData.Portability.Tests.Jobs;

public sealed class InMemoryExportJobStoreTests : ExportJobStoreContract
{
    private InMemoryExportJobStore? _store;

    protected override IExportJobStore CreateStore() => _store = new InMemoryExportJobStore();

    protected override IExportJobStore OpenSameStore() => _store!;
}
