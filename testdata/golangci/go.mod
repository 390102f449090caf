module example.com/gcl

go 1.26

require example.com/domain v0.0.0

replace example.com/domain => ../domain
