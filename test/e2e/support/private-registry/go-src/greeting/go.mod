module acme.example/greeting

go 1.24
