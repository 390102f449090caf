module example.com/twosuites

go 1.24
