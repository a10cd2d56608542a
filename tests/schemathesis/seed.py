"""Creates, on a dp-server --dev at BASE, the dialog the contract's examples name: the CreateDialog
example with the dialog, transmission, activity and label ids of the other operations' examples.

    python3 seed.py BASE openapi.json
"""
import json, sys, urllib.request
base = sys.argv[1]; spec = json.load(open(sys.argv[2]))
d = "/api/v1/serviceowner/dialogs/{dialogId}"
def ex(path, m, name):
    return [p for p in spec["paths"][path][m]["parameters"] if p["name"] == name][0]["example"]
body = spec["paths"]["/api/v1/serviceowner/dialogs"]["post"]["requestBody"]["content"]["application/json"]["example"]
body["id"] = ex(d, "get", "dialogId")
body["transmissions"] = [{"id": ex(d + "/transmissions/{transmissionId}", "get", "transmissionId"), "type": "Information", "sender": {"actorType": "ServiceOwner"}, "content": {"title": {"value": [{"languageCode": "nb", "value": "Vedtak"}]}}}]
body["activities"] = [{"id": ex(d + "/activities/{activityId}", "get", "activityId"), "type": "DialogCreated", "performedBy": {"actorType": "ServiceOwner"}}]
body["serviceOwnerContext"] = {"serviceOwnerLabels": [{"value": ex(d + "/context/labels/{label}", "delete", "label")}]}
req = urllib.request.Request(base + "/api/v1/serviceowner/dialogs", data=json.dumps(body).encode(), headers={"content-type": "application/json", "authorization": "Bearer dev-token"})
print(urllib.request.urlopen(req).status)
