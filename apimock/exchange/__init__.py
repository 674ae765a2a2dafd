"""Stubs in and out of apimock: ``manage.py apimock import`` (an OpenAPI
document, a HAR file, a cassette) and ``export har`` (what tests called).

* :mod:`~apimock.exchange.interactions`: one request and its answer as plain
  data (the cassettes' own shape), from a call or a cassette, redacted;
* :mod:`~apimock.exchange.har_import` and :mod:`~apimock.exchange.har_export`:
  HAR files read into interactions, and written from call logs;
* :mod:`~apimock.exchange.stubfile`: interactions and documents written as a
  YAML stub file (large bodies beside it as ``body_file``);
* :mod:`~apimock.exchange.openapi`: one stub per operation of a document.
"""
