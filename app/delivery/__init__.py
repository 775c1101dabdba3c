"""What is computed once at start-up and served as bytes: stored pages, assets, the worker."""
