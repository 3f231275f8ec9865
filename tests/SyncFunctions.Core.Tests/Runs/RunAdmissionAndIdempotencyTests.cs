using Moq;
using SyncFunctions.Core.Errors;
using SyncFunctions.Core.Runs;

namespace SyncFunctions.Core.Tests.Runs;

/// <summary>
/// The slot and idempotency rules that the Azurite tests cannot reach without a crash: a claim or reservation whose
/// creator died, and one still in flight. The stores are in-memory rows with versions, like Table Storage's ETags.
/// </summary>
public sealed class RunAdmissionAndIdempotencyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly Clock _clock = new();
    private readonly Dictionary<string, SyncJobRun> _runs = [];
    private readonly Rows<RunSlot> _slots = new();
    private readonly Rows<IdempotentRun> _keys = new();

    private RunAdmission Admission()
    {
        var store = new Mock<IRunStore>();
        store.Setup(s => s.GetAsync("env", It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string id, CancellationToken _) => _runs.GetValueOrDefault(id));
        return new RunAdmission(new SlotStore(_slots), store.Object, _clock);
    }

    private RunIdempotency Idempotency() => new(new KeyStore(_keys), _clock);

    private static SyncJobRun Run(string id, RunStatus status = RunStatus.Queued, string account = "acc") => TestRuns.New(status, id, account, T0);

    [Fact]
    public async Task A_slot_is_held_while_its_run_is_active_and_free_once_it_is_final()
    {
        var admission = Admission();
        Assert.True(await admission.TryClaimAsync(Run("a"), default));
        _runs["a"] = Run("a", RunStatus.RateLimited);

        Assert.False(await admission.TryClaimAsync(Run("b"), default));
        Assert.True(await admission.TryClaimAsync(Run("c", account: "other"), default));
        _runs["a"] = Run("a", RunStatus.Failed);
        Assert.True(await admission.TryClaimAsync(Run("d"), default));
        Assert.Equal("d", _slots.Values["env|job|acc"].Value.RunId);
    }

    [Fact]
    public async Task A_claim_whose_run_was_never_stored_blocks_until_its_creator_is_taken_for_dead()
    {
        var admission = Admission();
        Assert.True(await admission.TryClaimAsync(Run("a"), default)); // the creator dies before storing run a

        _clock.Now = T0.Add(RunAdmission.PendingClaimLifetime).AddSeconds(-1);
        Assert.False(await admission.TryClaimAsync(Run("b"), default));
        _clock.Now = T0.Add(RunAdmission.PendingClaimLifetime).AddSeconds(1);
        Assert.True(await admission.TryClaimAsync(Run("c"), default));
    }

    [Fact]
    public async Task A_key_in_flight_is_409_then_taken_over_once_its_creator_is_taken_for_dead()
    {
        var idempotency = Idempotency();
        Assert.Null(await idempotency.ReserveAsync("env", "k", Run("a"), default));

        var inFlight = await Assert.ThrowsAsync<ApiException>(() => idempotency.ReserveAsync("env", "k", Run("b"), default));
        Assert.Equal((ProblemKind.Conflict, RunIdempotency.KeyInFlight), (inFlight.Kind, inFlight.Code));
        _clock.Now = T0.Add(RunAdmission.PendingClaimLifetime).AddSeconds(1);
        Assert.Null(await idempotency.ReserveAsync("env", "k", Run("c"), default));
        await idempotency.CompleteAsync("env", "k", Run("a"), default); // the late first creator cannot claim it back
        Assert.Null(_keys.Values["env|k"].Value.Original);
        await idempotency.CompleteAsync("env", "k", Run("c"), default);
        Assert.Equal("c", (await idempotency.ReserveAsync("env", "k", Run("d"), default))!.Id);
        Assert.Null(await idempotency.ReserveAsync("other-env", "k", Run("e"), default));
    }

    [Theory]
    [InlineData("ok-key_1.2:3", true)]
    [InlineData("with space", false)]
    [InlineData("tab\there", false)]
    [InlineData("é", false)]
    public void Keys_are_printable_ascii(string key, bool valid)
    {
        var error = Record.Exception(() => RunIdempotency.Check(key));
        Assert.Equal(valid, error is null);
    }

    [Fact]
    public void Keys_are_at_most_255_characters()
    {
        RunIdempotency.Check(new string('k', 255));
        Assert.Equal("Idempotency-Key", Assert.Throws<ApiException>(() => RunIdempotency.Check(new string('k', 256))).Field);
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = T0;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class Rows<T>
    {
        public Dictionary<string, (T Value, string Version)> Values { get; } = [];

        public (T, string)? Get(string key) => Values.TryGetValue(key, out var v) ? v : null;

        public bool TryAdd(string key, T value) => Values.TryAdd(key, (value, Guid.NewGuid().ToString()));

        public bool TryReplace(string key, T value, string version)
        {
            if (!Values.TryGetValue(key, out var v) || v.Version != version)
            {
                return false;
            }

            Values[key] = (value, Guid.NewGuid().ToString());
            return true;
        }
    }

    private sealed class SlotStore(Rows<RunSlot> rows) : IRunSlotStore
    {
        public Task<(RunSlot Slot, string ETag)?> GetAsync(string e, string j, string a, CancellationToken ct) => Task.FromResult<(RunSlot, string)?>(rows.Get($"{e}|{j}|{a}"));

        public Task<bool> TryAddAsync(string e, string j, string a, RunSlot slot, CancellationToken ct) => Task.FromResult(rows.TryAdd($"{e}|{j}|{a}", slot));

        public Task<bool> TryReplaceAsync(string e, string j, string a, RunSlot slot, string etag, CancellationToken ct) => Task.FromResult(rows.TryReplace($"{e}|{j}|{a}", slot, etag));
    }

    private sealed class KeyStore(Rows<IdempotentRun> rows) : IIdempotencyStore
    {
        public Task<(IdempotentRun Entry, string ETag)?> GetAsync(string e, string key, CancellationToken ct) => Task.FromResult<(IdempotentRun, string)?>(rows.Get($"{e}|{key}"));

        public Task<bool> TryAddAsync(string e, string key, IdempotentRun entry, CancellationToken ct) => Task.FromResult(rows.TryAdd($"{e}|{key}", entry));

        public Task<bool> TryReplaceAsync(string e, string key, IdempotentRun entry, string etag, CancellationToken ct) => Task.FromResult(rows.TryReplace($"{e}|{key}", entry, etag));
    }
}
