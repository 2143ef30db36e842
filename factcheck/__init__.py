"""factcheck: checkable assertions in Arabic news, cross-referenced against a local corpus."""

__version__ = "0.1.0"
