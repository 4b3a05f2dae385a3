"""Better Security, Better Care: guidance, policy templates, a helpline and regional support partners."""
