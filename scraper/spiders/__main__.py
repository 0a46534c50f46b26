"""`python -m scraper.spiders`: one crawl in this process (see `scraper.spiders.crawl`)."""

import sys

from .crawl import main

sys.exit(main())
