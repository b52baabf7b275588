"""dxscan: how good an OpenAPI-described API is to build against."""

__version__ = "0.1.0"
