// Tests share one simulator process whose fault settings some tests change: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
