module example.com/migration

go 1.26
