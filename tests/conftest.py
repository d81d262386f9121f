"""Options of the whole test suite."""


def pytest_addoption(parser):
    parser.addoption(
        "--soak-long",
        action="store_true",
        default=False,
        help="run the chaos soak long (4 threads x 150 workflows, a few minutes) "
        "instead of the quick run every CI does",
    )
