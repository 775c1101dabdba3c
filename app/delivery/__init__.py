"""What is computed once and served as bytes: the build (stored pages, assets, the worker and
its precache list, the pieces of the library page), the layers serving it, and its export."""
