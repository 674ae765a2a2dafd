"""Values made from a document: a schema's (``values``, with the string
``formats`` and ``patterns`` it follows, and the simple ``rules`` an
example must keep) and new ids in the API's style (``ids``)."""
