"""Contact: the public form, the messages it stores, and how staff hear of them."""
