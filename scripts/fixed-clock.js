// Preloaded into integ app synthesis for snapshots only: integ-tests-alpha
// salts its assertion resources with Date.now() so that they re-run on every
// real deploy; a fixed clock makes the snapshot reproducible (the same idea as
// SOURCE_DATE_EPOCH in reproducible builds). Nothing in this library reads
// the clock at synth time.
Date.now = () => 1767225600000; // 2026-01-01T00:00:00Z
