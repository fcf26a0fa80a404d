package mailin

import (
	"testing"
)

func TestUIDSetsJoinRunsAndSplitLongSets(t *testing.T) {
	for _, tc := range []struct {
		uids []uint32
		max  int
		want []string
	}{
		{nil, 3, nil},
		{[]uint32{5}, 3, []string{"5"}},
		{[]uint32{3, 1, 2, 2, 7, 9, 8}, 3, []string{"1:3,7:9"}},
		{[]uint32{1, 3, 5, 7, 9}, 2, []string{"1,3", "5,7", "9"}},
		{[]uint32{10, 11, 12, 20, 4000000000, 4000000001}, 1000, []string{"10:12,20,4000000000:4000000001"}},
	} {
		sets := uidSets(tc.uids, tc.max)
		var got []string
		for _, s := range sets {
			got = append(got, s.String())
		}
		if len(got) != len(tc.want) {
			t.Errorf("uidSets(%v, %d) = %v, want %v", tc.uids, tc.max, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("uidSets(%v, %d) = %v, want %v", tc.uids, tc.max, got, tc.want)
			}
		}
	}
}

func TestNamespaceMapsConfigFolderNamesToTheServers(t *testing.T) {
	courier := Namespace{Prefix: "INBOX.", Delim: '.'}
	dovecot := Namespace{Prefix: "", Delim: '/'}
	dotted := Namespace{Prefix: "", Delim: '.'}
	flat := Namespace{}
	for _, tc := range []struct {
		ns         Namespace
		name, want string
	}{
		{courier, "preread/Processed", "INBOX.preread.Processed"},
		{courier, "INBOX", "INBOX"},
		{courier, "inbox", "inbox"},
		{courier, "INBOX.preread.Processed", "INBOX.preread.Processed"}, // already the server's name
		{courier, "INBOX/preread/Failed", "INBOX.preread.Failed"},
		{courier, "Rejected", "INBOX.Rejected"},
		{dovecot, "preread/Processed", "preread/Processed"},
		{dovecot, "INBOX", "INBOX"},
		{dotted, "preread/Processed", "preread.Processed"},
		{flat, "preread/Processed", "preread/Processed"},
	} {
		if got := tc.ns.Name(tc.name); got != tc.want {
			t.Errorf("%+v.Name(%q) = %q, want %q", tc.ns, tc.name, got, tc.want)
		}
	}
}
