"""The command line: each module registers one verb (or verb group) on the parser."""
