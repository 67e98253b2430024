// Cheap password hashes keep tests fast; production uses the default cost.
process.env.PASSWORD_HASH_COST = '10';
