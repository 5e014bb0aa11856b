-- What `prisma db seed` puts back after `prisma migrate reset`: the first admin, with the id it always gets.
INSERT INTO `User` (`id`, `email`, `name`, `role`, `updatedAt`)
VALUES ('cadmin0000000000000000001', 'admin@example.com', 'Admin', 'SUPER_ADMIN', CURRENT_TIMESTAMP(3));
