"""One blueprint per part of the site; views only look up and render."""
