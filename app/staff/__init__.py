"""The staff inbox: login and the messages, under /staff/, never stored and never precached."""
