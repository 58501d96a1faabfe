package dashboard

import (
	"errors"
	"strings"

	"pjsx/dashboard/chart"
	"pjsx/data"
)

// jointCode names the four places together in the regions parameter.
const jointCode = chart.JointCode

// paramError is a query parameter refused with the reason; handlers answer 400 with it.
type paramError struct {
	Param, Reason string
}

func (e *paramError) Error() string { return e.Param + ": " + e.Reason }

// paramErrorOf turns the chart package's refusals into a 400 naming every refused parameter.
func paramErrorOf(err error) error {
	var fe chart.FieldErrors
	var one *chart.FieldError
	switch {
	case errors.As(err, &fe) && len(fe) > 0:
		reasons := make([]string, len(fe))
		for i, f := range fe {
			reasons[i] = f.Reason
			if i > 0 {
				reasons[i] = f.Param + ": " + f.Reason
			}
		}
		return &paramError{fe[0].Param, strings.Join(reasons, "; ")}
	case errors.As(err, &one):
		return &paramError{one.Param, one.Reason}
	}
	return err
}

func regionCodes(rs []data.Region) string {
	codes := []string{jointCode}
	for _, r := range rs {
		codes = append(codes, r.Code)
	}
	return strings.Join(codes, ", ")
}
