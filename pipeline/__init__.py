"""Turn Chinese yearbook (年鉴) and gazetteer (地方志) chapters into validated records."""

__version__ = "0.1.0"
