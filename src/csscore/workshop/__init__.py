"""The scoring workshop: partners grade one district's issues from their own browsers while the
facilitator watches agreement form. Storage is SQLite (:mod:`.store`), the web application is
Starlette served by uvicorn (:mod:`.app`, :mod:`.serve`); the export is a partner-column district
file (:mod:`.export`). Needs the ``workshop`` extra: ``pip install 'csscore[workshop]'``, or
``pip install '.[workshop]'`` from a checkout.
"""
