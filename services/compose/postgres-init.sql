-- One database per service, as in production: no service reads another's tables.
-- The postgres image runs this once, when it creates an empty data volume.
CREATE DATABASE users;
CREATE DATABASE orders;
CREATE DATABASE inventory;
CREATE DATABASE notifications;
CREATE DATABASE payments;
