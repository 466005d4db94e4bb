package analyzer

import (
	"fmt"
	"io"
	"os"
)

// ReadRegularFile reads the file at path, following symbolic links, when
// it is a regular file of at most limit bytes: a configuration or policy
// file found in a repository podlint did not write may be a link to
// /dev/zero or a device, which a plain read would never finish. what
// names the kind of file in the refusal ("a configuration file").
func ReadRegularFile(path string, limit int64, what string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file (%s): refused", path, fileKind(st.Mode()))
	}
	tooBig := fmt.Errorf("%s: larger than the %s podlint reads from %s: refused", path, sizeText(limit), what)
	if st.Size() > limit {
		return nil, tooBig
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1)) // the file may grow after Stat
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, tooBig
	}
	return data, nil
}

func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeCharDevice != 0:
		return "a character device"
	case m&os.ModeDevice != 0:
		return "a device"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	}
	return "mode " + m.String()
}

func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
