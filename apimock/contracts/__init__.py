"""OpenAPI contracts: stubs and requests checked against the provider's document.

``APIMOCK["CONTRACTS"]`` maps a base URL to an OpenAPI 3.0/3.1 document. The
rooms:

* :mod:`~apimock.contracts.document`: one document, and which operation a
  path and method are;
* :mod:`~apimock.contracts.loaded`: the documents the current settings name;
* :mod:`~apimock.contracts.schemas`: a value against a schema, with JSON paths
  (openapi-schema-validator underneath, the ``contracts`` extra);
* :mod:`~apimock.contracts.conformance`: the rules a request or a response
  must follow, shared by both checks;
* :mod:`~apimock.contracts.static`: stubs before the tests (``manage.py
  check``, apimock.E021-E023);
* :mod:`~apimock.contracts.runtime`: requests and answers during a test.
"""
