"""What is computed once and served as bytes.

recipe.py what goes into a build (every stored page, the error pages, the library page's
pieces, the precache list and the worker); build.py a build's format on disk and its
fingerprint; site.py the build opened for the app; serve.py the layers answering from it in
front of Flask; joined.py the filtered library joined from pieces compressed once; worker.py
and precache.py the service worker and what it saves.
"""
