"""Fakes: a contract's API answered from its OpenAPI document, with state.

* :mod:`~apimock.fakes.config`: ``APIMOCK["FAKES"]`` and ``FAKE_SEED`` read
  and checked (apimock.E040-E042);
* :mod:`~apimock.fakes.registry`: the fakes in force, and which one covers a
  request (the mock asks it when no stub answers);
* :mod:`~apimock.fakes.fake`: one contract's fake, its handlers and
  fixtures; :mod:`~apimock.fakes.document`: what it reads from the document;
* :mod:`~apimock.fakes.resources`: collections and items recognised from
  the paths, and what each operation does;
* :mod:`~apimock.fakes.crud`: the answers by what the operation does;
  :mod:`~apimock.fakes.making`: request bodies read, objects made and
  changed from them; :mod:`~apimock.fakes.listing` and
  :mod:`~apimock.fakes.errors`: list answers and documented errors;
* :mod:`~apimock.fakes.store`: what a fake holds per activation;
  :mod:`~apimock.fakes.api`: ``self.api.fake(base_url)``;
* :mod:`~apimock.fakes.generation`: values and ids generated from schemas.
"""
