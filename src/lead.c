/* The lead record: small helpers shared by the data path. */
#include "slaboard/lead.h"

#include <stdlib.h>

void lead_clear(struct lead *l)
{
	free(l->source);
	free(l->crm_id);
	free(l->reason);
	free(l->owner);
	free(l->channel);
	free(l->persona);
	free(l->company);
	free(l->name);
	l->source = l->crm_id = l->reason = l->owner = NULL;
	l->channel = l->persona = l->company = l->name = NULL;
}

const char *lead_status_name(int status)
{
	switch (status) {
	case LEAD_ACCEPTED: return "accepted";
	case LEAD_REJECTED: return "rejected";
	default:            return "pending";
	}
}
