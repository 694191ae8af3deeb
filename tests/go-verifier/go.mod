module custos.example/go-verifier

go 1.19

require golang.org/x/mod v0.7.0

// Debian's golang-golang-x-mod-dev installs the x/mod source here, so the check builds
// offline with GOPROXY=off.
replace golang.org/x/mod => /usr/share/gocode/src/golang.org/x/mod
