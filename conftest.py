"""Root pytest configuration: shared fixtures live in tests/fixtures/ as plugins."""

pytest_plugins = ["tests.fixtures.stores", "tests.fixtures.common", "tests.fixtures.browser"]
