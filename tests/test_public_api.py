import newsfold


def test_public_names_are_exactly_what_we_mean_to_export():
    public = {name for name in dir(newsfold) if not name.startswith("_")}
    subpackages = {"clean", "errors", "fold", "records", "run", "sources", "store", "understand", "dedup",
                   "export", "evaluation", "cli", "api", "embed"}
    assert public - subpackages == set(newsfold.__all__) - subpackages
    assert sorted(newsfold.__all__) == newsfold.__all__


def test_every_deliberate_error_is_a_newsfold_error():
    for exc in (newsfold.SourceError, newsfold.StoreError, newsfold.NotFound, newsfold.UsageError):
        assert issubclass(exc, newsfold.NewsfoldError)
