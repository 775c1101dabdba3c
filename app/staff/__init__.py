"""The staff inbox: login and the messages, under /staff/, never stored and never precached."""

# Outside every locale. The service worker is told to leave everything under it alone.
URL_PREFIX = "/staff"
