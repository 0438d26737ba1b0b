pytest_plugins = ["microshop_common.testing.pytest_plugin"]
