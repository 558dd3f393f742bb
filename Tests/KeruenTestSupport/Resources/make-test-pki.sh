#!/bin/sh
# Makes the test PKI with OpenSSL in the folder given: a root CA with an RSA key, a second root
# nobody trusts, and signers named as the Kazakh national CA names them (serialNumber IIN…, OU BIN…).
# The tests run it once per run (TestPKI.swift); run it by hand to look at what they use.
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
TRADER=050140001238      # DemoData.traderBIN
BROKER=060240004565      # DemoData.brokerBIN
OTHER=080440003210       # DemoData.otherBIN

cat > ca.cnf <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = .
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
policy = any
unique_subject = no
preserve = yes
copy_extensions = none
default_crl_days = 3650
[ any ]
countryName = optional
commonName = supplied
serialNumber = optional
organizationalUnitName = optional
[ signer ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ encipher_only ]
basicConstraints = critical, CA:false
keyUsage = critical, keyEncipherment
[ root ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
CNF
mkdir -p issued
: > index.txt
echo 1000 > serial

root() {  # name, subject
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.pem" -days 36500 -subj "$2" \
    -config ca.cnf -extensions root 2>/dev/null
}
root root "/C=KZ/O=Keruen test/CN=Keruen Test Root CA"
root stranger "/C=KZ/O=Nobody/CN=Untrusted Root CA"

# signer NAME KEYSPEC SUBJECT [EXTENSIONS] [START END]
signer() {
  case $2 in
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null ;;
    p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null ;;
    p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$1.key" 2>/dev/null ;;
  esac
  openssl req -new -key "$1.key" -subj "$3" -out "$1.csr" 2>/dev/null
  issuer=${ISSUER:-root}
  dates=""
  if [ $# -ge 6 ]; then dates="-startdate $5 -enddate $6"; else dates="-days 3650"; fi
  openssl ca -batch -config ca.cnf -cert "$issuer.pem" -keyfile "$issuer.key" -extensions "${4:-signer}" \
    $dates -in "$1.csr" -out "$1.pem" -notext 2>/dev/null
}
signer trader-rsa rsa "/C=KZ/CN=Aigerim Nurlanovna/serialNumber=IIN850615300456/OU=BIN$TRADER"
signer trader-ec p256 "/C=KZ/CN=Aigerim Nurlanovna/serialNumber=IIN850615300456/OU=BIN$TRADER"
signer trader-p384 p384 "/C=KZ/CN=Aigerim Nurlanovna/serialNumber=IIN850615300456/OU=BIN$TRADER"
signer broker p256 "/C=KZ/CN=Dmitry Sokolov/serialNumber=IIN900715400785/OU=BIN$BROKER"
signer officer p256 "/C=KZ/CN=Yerlan Abenov/serialNumber=IIN780302300121"
signer other p256 "/C=KZ/CN=Stranger/serialNumber=IIN910101300123/OU=BIN$OTHER"
signer no-iin p256 "/C=KZ/CN=Nameless/OU=BIN$TRADER"
signer encipher-only p256 "/C=KZ/CN=Aigerim Nurlanovna/serialNumber=IIN850615300456/OU=BIN$TRADER" encipher_only
signer expired p256 "/C=KZ/CN=Aigerim Nurlanovna/serialNumber=IIN850615300456/OU=BIN$TRADER" signer 20200101000000Z 20210101000000Z
signer not-yet-valid p256 "/C=KZ/CN=Aigerim Nurlanovna/serialNumber=IIN850615300456/OU=BIN$TRADER" signer 20900101000000Z 20910101000000Z
signer revoked p256 "/C=KZ/CN=Aigerim Nurlanovna/serialNumber=IIN850615300456/OU=BIN$TRADER" signer 20240101000000Z 20400101000000Z
ISSUER=stranger signer untrusted p256 "/C=KZ/CN=Aigerim Nurlanovna/serialNumber=IIN850615300456/OU=BIN$TRADER"

# The tests verify as of one second before the revocation; the root must already be valid then.
sleep 2
openssl ca -config ca.cnf -cert root.pem -keyfile root.key -revoke revoked.pem -crl_reason keyCompromise 2>/dev/null
openssl ca -config ca.cnf -cert root.pem -keyfile root.key -gencrl -out root.crl.pem 2>/dev/null
openssl crl -in root.crl.pem -outform DER -out root.crl
