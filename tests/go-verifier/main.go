// Command go-verifier checks what custos-core produces (signed checkpoints, verifier key,
// stored hashes, roots, inclusion and consistency proofs) with Go's
// golang.org/x/mod/sumdb/note and sumdb/tlog, an implementation independent of custos.
//
// Usage: go-verifier ARTEFACTS.json [CUSTODY.json...]. ARTEFACTS.json is written by `cargo
// run -p custos-core --example tlog_artefacts`; each CUSTODY.json holds what the server
// answered to GET /api/v1/evidence/{id}/custody, with the log's origin and verifier key
// (written by the end-to-end test custody_actions_are_logged_and_enforced). It exits 0 only
// if everything verifies. `go-verifier proofs PROOFS.json` checks instead what a client
// gathered from a running server (see proofs.go).
package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type proof struct {
	Index  int64    `json:"index"`
	Size   int64    `json:"size"`
	From   int64    `json:"from"`
	To     int64    `json:"to"`
	Hashes []string `json:"hashes"`
}

type artefacts struct {
	Origin        string   `json:"origin"`
	VerifierKey   string   `json:"verifier_key"`
	SignerKey     string   `json:"signer_key"`
	Checkpoint    string   `json:"checkpoint"`
	OldCheckpoint string   `json:"old_checkpoint"`
	Leaves        []string `json:"leaves"`
	StoredHashes  []string `json:"stored_hashes"`
	Roots         []struct {
		Size int64  `json:"size"`
		Root string `json:"root"`
	} `json:"roots"`
	Inclusion   []proof `json:"inclusion"`
	Consistency []proof `json:"consistency"`
}

// custodyExport is one custody answer of the server, as the end-to-end test saved it.
type custodyExport struct {
	Origin      string `json:"origin"`
	VerifierKey string `json:"verifier_key"`
	Custody     struct {
		EvidenceID string `json:"evidence_id"`
		Checkpoint string `json:"checkpoint"`
		Size       int64  `json:"size"`
		Events     []struct {
			Index     int64           `json:"index"`
			Entry     json.RawMessage `json:"entry"`
			Leaf      string          `json:"leaf"`
			Inclusion proof           `json:"inclusion"`
		} `json:"events"`
	} `json:"custody"`
}

// verifyCustody checks a custody answer knowing only the verifier key: the checkpoint's
// signature, and each event's leaf against the checkpoint's root through its inclusion proof.
// Returns the number of checks passed (the checkpoint and one per event).
func verifyCustody(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	var c custodyExport
	if err := json.Unmarshal(data, &c); err != nil {
		fail("reading %s: %v", path, err)
	}
	verifier, err := note.NewVerifier(c.VerifierKey)
	if err != nil {
		fail("%s: verifier key %q: %v", path, c.VerifierKey, err)
	}
	tree, err := checkpointTree(c.Custody.Checkpoint, note.VerifierList(verifier), c.Origin)
	if err != nil {
		fail("%s: opening the custody checkpoint: %v", path, err)
	}
	if tree.N != c.Custody.Size {
		fail("%s: checkpoint size %d, answer says %d", path, tree.N, c.Custody.Size)
	}
	if len(c.Custody.Events) == 0 {
		fail("%s: no custody events", path)
	}
	last := int64(-1)
	for _, event := range c.Custody.Events {
		leaf, err := base64.StdEncoding.DecodeString(event.Leaf)
		if err != nil {
			fail("%s: leaf %d is not base64: %v", path, event.Index, err)
		}
		if event.Index <= last || event.Inclusion.Index != event.Index || event.Inclusion.Size != tree.N {
			fail("%s: event %d: proof is for %d in %d, checkpoint size %d", path, event.Index,
				event.Inclusion.Index, event.Inclusion.Size, tree.N)
		}
		last = event.Index
		proof := hashes(event.Inclusion.Hashes)
		if err := tlog.CheckRecord(proof, tree.N, tree.Hash, event.Index, tlog.RecordHash(leaf)); err != nil {
			fail("%s: event %d is not in the checkpoint's tree: %v", path, event.Index, err)
		}
		// The leaf is the event it claims to be: a custody entry of this item, as shown.
		var fields struct {
			Type     string `json:"type"`
			Evidence string `json:"evidence"`
		}
		if err := json.Unmarshal(leaf, &fields); err != nil || fields.Type != "custody" || fields.Evidence != c.Custody.EvidenceID {
			fail("%s: leaf %d is not a custody entry of %s: %s", path, event.Index, c.Custody.EvidenceID, leaf)
		}
		var shown, inLeaf any
		if json.Unmarshal(event.Entry, &shown) != nil || json.Unmarshal(leaf, &inLeaf) != nil || !reflect.DeepEqual(shown, inLeaf) {
			fail("%s: event %d shows an entry other than its leaf", path, event.Index)
		}
		// Negative control: one changed byte of the leaf does not verify.
		forged := append([]byte(nil), leaf...)
		forged[len(forged)/2] ^= 1
		if tlog.CheckRecord(proof, tree.N, tree.Hash, event.Index, tlog.RecordHash(forged)) == nil {
			fail("%s: a changed leaf %d verified", path, event.Index)
		}
	}
	fmt.Printf("go-verifier: ok: %s: checkpoint of size %d and %d custody events of evidence %s\n",
		path, tree.N, len(c.Custody.Events), c.Custody.EvidenceID)
	return 1 + len(c.Custody.Events)
}

// publicationExport is one published decision leaf with its inclusion proof and the signed
// checkpoint it was proved against, as the end-to-end publicity test saved it.
type publicationExport struct {
	Origin      string `json:"origin"`
	VerifierKey string `json:"verifier_key"`
	Checkpoint  string `json:"checkpoint"`
	Index       int64  `json:"index"`
	Leaf        string `json:"leaf"`
	Inclusion   proof  `json:"inclusion"`
}

// verifyPublication checks a publicity leaf (执法公示: a publication or a withdrawal) knowing
// only the verifier key: the checkpoint's signature, the leaf against the checkpoint's root
// through its inclusion proof, and that it is an entry of one of the two public kinds.
// Returns the number of checks passed (the checkpoint and the leaf).
func verifyPublication(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	var p publicationExport
	if err := json.Unmarshal(data, &p); err != nil {
		fail("reading %s: %v", path, err)
	}
	verifier, err := note.NewVerifier(p.VerifierKey)
	if err != nil {
		fail("%s: verifier key %q: %v", path, p.VerifierKey, err)
	}
	tree, err := checkpointTree(p.Checkpoint, note.VerifierList(verifier), p.Origin)
	if err != nil {
		fail("%s: opening the checkpoint: %v", path, err)
	}
	leaf, err := base64.StdEncoding.DecodeString(p.Leaf)
	if err != nil {
		fail("%s: leaf is not base64: %v", path, err)
	}
	if p.Inclusion.Index != p.Index || p.Inclusion.Size != tree.N {
		fail("%s: proof is for %d in %d, leaf %d, checkpoint size %d", path,
			p.Inclusion.Index, p.Inclusion.Size, p.Index, tree.N)
	}
	proof := hashes(p.Inclusion.Hashes)
	if err := tlog.CheckRecord(proof, tree.N, tree.Hash, p.Index, tlog.RecordHash(leaf)); err != nil {
		fail("%s: leaf %d is not in the checkpoint's tree: %v", path, p.Index, err)
	}
	var fields struct {
		Type        string `json:"type"`
		Publication string `json:"publication"`
	}
	if err := json.Unmarshal(leaf, &fields); err != nil || (fields.Type != "publication" && fields.Type != "withdrawal") || fields.Publication == "" {
		fail("%s: leaf %d is not a publicity entry: %s", path, p.Index, leaf)
	}
	forged := append([]byte(nil), leaf...)
	forged[len(forged)/2] ^= 1
	if tlog.CheckRecord(proof, tree.N, tree.Hash, p.Index, tlog.RecordHash(forged)) == nil {
		fail("%s: a changed leaf %d verified", path, p.Index)
	}
	fmt.Printf("go-verifier: ok: %s: %s entry %d of publication %s in a checkpoint of size %d\n",
		path, fields.Type, p.Index, fields.Publication, tree.N)
	return 2
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "go-verifier: "+format+"\n", args...)
	os.Exit(1)
}

func hashes(list []string) []tlog.Hash {
	out := make([]tlog.Hash, len(list))
	for i, text := range list {
		h, err := tlog.ParseHash(text)
		if err != nil {
			fail("bad hash %q: %v", text, err)
		}
		out[i] = h
	}
	return out
}

func sameHashes(a, b []tlog.Hash) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkpointTree opens a signed checkpoint with the verifier key and parses its C2SP
// tlog-checkpoint body (origin, size, root).
func checkpointTree(signed string, verifiers note.Verifiers, origin string) (tlog.Tree, error) {
	n, err := note.Open([]byte(signed), verifiers)
	if err != nil {
		return tlog.Tree{}, err
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 || lines[0] != origin {
		return tlog.Tree{}, fmt.Errorf("checkpoint body %q lacks origin %q", n.Text, origin)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || strconv.FormatInt(size, 10) != lines[1] {
		return tlog.Tree{}, fmt.Errorf("bad size line %q", lines[1])
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		return tlog.Tree{}, err
	}
	return tlog.Tree{N: size, Hash: root}, nil
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "proofs" {
		fmt.Printf("go-verifier: %d passed, 0 failed\n", verifyProofs(os.Args[2]))
		return
	}
	if len(os.Args) < 2 {
		fail("usage: go-verifier ARTEFACTS.json [CUSTODY.json...]")
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail("%v", err)
	}
	var a artefacts
	if err := json.Unmarshal(data, &a); err != nil {
		fail("reading artefacts: %v", err)
	}

	// Go rebuilds the log from the leaf bytes; its stored hashes must be custos's, row for row.
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, index := range indexes {
			if index < 0 || index >= int64(len(stored)) {
				return nil, fmt.Errorf("no stored hash %d", index)
			}
			out[i] = stored[index]
		}
		return out, nil
	})
	for i, leaf := range a.Leaves {
		added, err := tlog.StoredHashes(int64(i), []byte(leaf), reader)
		if err != nil {
			fail("appending leaf %d: %v", i, err)
		}
		stored = append(stored, added...)
	}
	if !sameHashes(stored, hashes(a.StoredHashes)) {
		fail("stored hashes differ from Go's (%d custos, %d Go)", len(a.StoredHashes), len(stored))
	}
	treeHash := func(size int64) tlog.Hash {
		h, err := tlog.TreeHash(size, reader)
		if err != nil {
			fail("tree hash %d: %v", size, err)
		}
		return h
	}
	for _, r := range a.Roots {
		if treeHash(r.Size).String() != r.Root {
			fail("root of size %d differs", r.Size)
		}
	}

	// Checkpoints: Go signs the same bodies with the same key to the same bytes, and opens ours.
	verifier, err := note.NewVerifier(a.VerifierKey)
	if err != nil {
		fail("verifier key %q: %v", a.VerifierKey, err)
	}
	signer, err := note.NewSigner(a.SignerKey)
	if err != nil {
		fail("signer key: %v", err)
	}
	verifiers := note.VerifierList(verifier)
	for _, signed := range []string{a.Checkpoint, a.OldCheckpoint} {
		tree, err := checkpointTree(signed, verifiers, a.Origin)
		if err != nil {
			fail("opening checkpoint: %v", err)
		}
		if tree.Hash != treeHash(tree.N) {
			fail("checkpoint of size %d has the wrong root", tree.N)
		}
		text := signed[:strings.LastIndex(signed, "\n\n")+1]
		again, err := note.Sign(&note.Note{Text: text}, signer)
		if err != nil || string(again) != signed {
			fail("Go signs checkpoint %d differently:\n%s", tree.N, again)
		}
	}

	for _, p := range a.Inclusion {
		proof := hashes(p.Hashes)
		leaf := tlog.RecordHash([]byte(a.Leaves[p.Index]))
		if err := tlog.CheckRecord(proof, p.Size, treeHash(p.Size), p.Index, leaf); err != nil {
			fail("inclusion of %d in %d: %v", p.Index, p.Size, err)
		}
		own, err := tlog.ProveRecord(p.Size, p.Index, reader)
		if err != nil || !sameHashes(own, proof) {
			fail("Go proves inclusion of %d in %d differently", p.Index, p.Size)
		}
	}
	for _, p := range a.Consistency {
		proof := hashes(p.Hashes)
		if err := tlog.CheckTree(proof, p.To, treeHash(p.To), p.From, treeHash(p.From)); err != nil {
			fail("consistency %d -> %d: %v", p.From, p.To, err)
		}
		own, err := tlog.ProveTree(p.To, p.From, reader)
		if err != nil || !sameHashes(own, proof) {
			fail("Go proves consistency %d -> %d differently", p.From, p.To)
		}
	}

	// Negative controls, so that a verifier accepting anything cannot pass.
	tampered := []byte(a.Checkpoint)
	tampered[len(a.Origin)+1] ^= 1 // a digit of the tree size
	if _, err := checkpointTree(string(tampered), verifiers, a.Origin); err == nil {
		fail("a tampered checkpoint opened")
	}
	for _, p := range a.Inclusion {
		bad := hashes(p.Hashes)
		if len(bad) == 0 {
			continue
		}
		bad[0][0] ^= 1
		if tlog.CheckRecord(bad, p.Size, treeHash(p.Size), p.Index, tlog.RecordHash([]byte(a.Leaves[p.Index]))) == nil {
			fail("a tampered inclusion proof verified")
		}
	}

	custodyChecks := 0
	for _, path := range os.Args[2:] {
		if strings.HasPrefix(filepath.Base(path), "publication-") {
			custodyChecks += verifyPublication(path)
		} else {
			custodyChecks += verifyCustody(path)
		}
	}

	fmt.Printf("go-verifier: ok: %d stored hashes, %d roots, 2 checkpoints, %d inclusion and %d consistency proofs verified by Go's sumdb/note and sumdb/tlog\n",
		len(stored), len(a.Roots), len(a.Inclusion), len(a.Consistency))
	// The closing line the project's test command adds up: one check per root, checkpoint,
	// proof and custody event.
	fmt.Printf("go-verifier: %d passed, 0 failed\n", len(a.Roots)+2+len(a.Inclusion)+len(a.Consistency)+custodyChecks)
}
