"""Reading each content coding the app sends (app/web/stored.py CODINGS), by its name."""

import gzip

import brotli

DECOMPRESS = {"br": brotli.decompress, "gzip": gzip.decompress}
