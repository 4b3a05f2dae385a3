"""Pure engines of the training capability: no Django inside, plain data in and out, tested on their own."""
