package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// liveProofs is what a client of a running server gathered (tests/cluster): two signed
// checkpoints, the consistency proof between them, and inclusion proofs of some entries in
// the later one, each with the entry's exact leaf bytes.
type liveProofs struct {
	Origin        string `json:"origin"`
	VerifierKey   string `json:"verifier_key"`
	OldCheckpoint string `json:"old_checkpoint"`
	Checkpoint    string `json:"checkpoint"`
	Consistency   proof  `json:"consistency"`
	Inclusion     []struct {
		proof
		Leaf string `json:"leaf"`
	} `json:"inclusion"`
}

// verifyProofs checks a liveProofs file with nothing but the verifier key: both checkpoints'
// signatures, the later tree extending the earlier, and every entry in the later tree.
// It returns the number of checks that passed and exits on the first failure.
func verifyProofs(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	var p liveProofs
	if err := json.Unmarshal(data, &p); err != nil {
		fail("reading %s: %v", path, err)
	}
	verifier, err := note.NewVerifier(p.VerifierKey)
	if err != nil {
		fail("verifier key %q: %v", p.VerifierKey, err)
	}
	verifiers := note.VerifierList(verifier)
	old, err := checkpointTree(p.OldCheckpoint, verifiers, p.Origin)
	if err != nil {
		fail("opening the earlier checkpoint: %v", err)
	}
	tree, err := checkpointTree(p.Checkpoint, verifiers, p.Origin)
	if err != nil {
		fail("opening the later checkpoint: %v", err)
	}
	c := p.Consistency
	if c.From != old.N || c.To != tree.N {
		fail("consistency proof is %d -> %d, checkpoints are %d and %d", c.From, c.To, old.N, tree.N)
	}
	if err := tlog.CheckTree(hashes(c.Hashes), tree.N, tree.Hash, old.N, old.Hash); err != nil {
		fail("consistency %d -> %d: %v", old.N, tree.N, err)
	}
	for _, entry := range p.Inclusion {
		leaf, err := base64.StdEncoding.DecodeString(entry.Leaf)
		if err != nil {
			fail("leaf %d: %v", entry.Index, err)
		}
		if entry.Size != tree.N {
			fail("inclusion of %d is in %d, not the checkpoint's %d", entry.Index, entry.Size, tree.N)
		}
		if err := tlog.CheckRecord(hashes(entry.Hashes), tree.N, tree.Hash, entry.Index, tlog.RecordHash(leaf)); err != nil {
			fail("inclusion of %d in %d: %v", entry.Index, tree.N, err)
		}
	}
	// A negative control: the same proof must not prove a changed leaf.
	if len(p.Inclusion) > 0 {
		entry := p.Inclusion[0]
		leaf, _ := base64.StdEncoding.DecodeString(entry.Leaf)
		leaf = append(leaf, ' ')
		if tlog.CheckRecord(hashes(entry.Hashes), tree.N, tree.Hash, entry.Index, tlog.RecordHash(leaf)) == nil {
			fail("a changed leaf verified")
		}
	}
	fmt.Printf("go-verifier: checkpoints %d and %d signed and consistent, %d entries included\n",
		old.N, tree.N, len(p.Inclusion))
	return 3 + len(p.Inclusion)
}
