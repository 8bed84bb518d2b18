"""Card work at the counter: issuing a card (办卡) and every money or status action on one."""
