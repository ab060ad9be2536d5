<#
.SYNOPSIS
    Exports the Exchange Online / Microsoft Graph configuration that ndrdiag
    needs to diagnose NDR 5.4.1 for a domain (a "tenant snapshot").

.DESCRIPTION
    Reads, and only reads, the tenant's mail-flow configuration and writes it
    as one JSON file for `ndrdiag diagnose DOMAIN --snapshot FILE`:

      graph.domains            Get-MgDomain, Get-MgDomainServiceConfigurationRecord,
                               Get-MgDomainVerificationDnsRecord
      graph.serviceHealth      Get-MgServiceAnnouncementHealthOverview -ExpandProperty issues
                               (unresolved issues only)
      exo.acceptedDomains      Get-AcceptedDomain
      exo.inboundConnectors    Get-InboundConnector
      exo.outboundConnectors   Get-OutboundConnector
      exo.onPremOrg            Get-OnPremisesOrganization
      exo.dnssec               Get-DnssecStatusForVerifiedDomain (each -Domain)
      exo.dkim                 Get-DkimSigningConfig
      exo.org                  Get-OrganizationConfig (Name, RejectDirectSend)
      exo.recipients           Get-EXORecipient (each -Recipient)
      onPremises               with -IncludeOnPremises, from the Exchange
                               Management Shell: Get-HybridConfiguration,
                               Get-SendConnector, Get-ReceiveConnector,
                               Get-ExchangeCertificate (-Server: each
                               transport server of the hybrid set-up),
                               Get-AcceptedDomain, Get-RemoteDomain,
                               Get-EmailAddressPolicy, Get-RemoteMailbox
                               (each -Recipient, else the first 1000)

    Only the properties ndrdiag reads are written (see
    proto/ndrdiag/v1/tenant.proto in the ndrdiag repository): enumerations and
    flags as their names, multi-valued properties as arrays of strings, dates
    as UTC "yyyy-MM-ddTHH:mm:ssZ". The file is UTF-8 JSON with capturedAt
    (UTC) and toolVersion. Nothing in it is secret, but it does name your
    domains, connectors, smart hosts and the recipients you list: review it
    before you send it anywhere.

    A part that cannot be read (a missing module, a permission you do not
    have) is left out with a warning; ndrdiag skips the checks that need it.

    Requirements:
      - Exchange Online PowerShell V3 (Install-Module ExchangeOnlineManagement),
        a role that can run the Get- cmdlets above (e.g. View-Only
        Organization Management).
      - Microsoft Graph PowerShell SDK (Install-Module Microsoft.Graph), and
        consent to the delegated scopes Domain.Read.All and
        ServiceHealth.Read.All.
      - For -IncludeOnPremises: run it in the Exchange Management Shell of an
        on-premises Exchange server (with the two modules above installed).
        Exchange Online cmdlets are then imported with the prefix "Cloud" so
        that they do not shadow the on-premises ones.

.PARAMETER Domain
    The domains to check DNSSEC status and Graph DNS records for (the
    recipient domains of the bounced mail). Default: every accepted domain
    that is not *.onmicrosoft.com.

.PARAMETER OutFile
    Where to write the JSON. Default: tenant-snapshot.json in the current
    directory.

.PARAMETER Recipient
    Recipient addresses of the NDR to look up (Get-EXORecipient; on-premises
    also Get-RemoteMailbox).

.PARAMETER IncludeOnPremises
    Also export the on-premises hybrid configuration (run in the Exchange
    Management Shell).

.PARAMETER EgressIp
    The public IPv4 addresses your on-premises servers send to Exchange Online
    from (compared with the inbound connector's SenderIPAddresses). Asked for
    when -IncludeOnPremises is given without it.

.PARAMETER SkipConnect
    Use the Exchange Online and Graph sessions that are already open instead
    of calling Connect-ExchangeOnline and Connect-MgGraph.

.EXAMPLE
    .\export-tenant-snapshot.ps1 -Domain contoso.com -Recipient adele@contoso.com

    Signs in to Exchange Online and Graph and writes tenant-snapshot.json.
    Then: ndrdiag diagnose contoso.com --snapshot tenant-snapshot.json --address adele@contoso.com

.EXAMPLE
    .\export-tenant-snapshot.ps1 -Domain contoso.com -IncludeOnPremises -EgressIp 203.0.113.10 -OutFile C:\temp\contoso.json

    In the Exchange Management Shell: adds the on-premises side of a hybrid
    deployment.

.NOTES
    Read-only: it runs only Connect-*, Get-* and (for sessions it opened
    itself) Disconnect-* cmdlets. Works in Windows PowerShell 5.1 and
    PowerShell 7.
#>
[CmdletBinding()]
param(
    [string[]]$Domain,
    [string]$OutFile = 'tenant-snapshot.json',
    [string[]]$Recipient,
    [switch]$IncludeOnPremises,
    [string[]]$EgressIp,
    [switch]$SkipConnect
)

$ErrorActionPreference = 'Stop'
$ToolVersion = 'export-tenant-snapshot.ps1/1.0.0'
$Invariant = [Globalization.CultureInfo]::InvariantCulture

# --- conversions -------------------------------------------------------------

# A value as a string ('' for $null): enumerations and flags print their
# names ("Authoritative", "AnonymousUsers, ExchangeServers").
function Str($Value) {
    if ($null -eq $Value) { return '' }
    return [string]$Value
}

# A multi-valued property as string[]; the leading comma keeps PowerShell
# from unrolling a one-element (or empty) array on return.
function Strs($Value) {
    $list = New-Object System.Collections.Generic.List[string]
    if ($null -ne $Value) {
        foreach ($item in $Value) {
            if ($null -ne $item) { $list.Add([string]$item) }
        }
    }
    return , $list.ToArray()
}

# Smart hosts print IP addresses as "[192.0.2.1]" on-premises.
function SmartHostStrs($Value) {
    $hosts = Strs $Value
    return , [string[]]@($hosts | ForEach-Object { $_ -replace '^\[(.*)\]$', '$1' })
}

# An AD object reference (connector, server) by its name.
function NameOf($Value) {
    if ($null -eq $Value) { return '' }
    if ($Value -is [string]) { return $Value }
    if ($Value.PSObject.Properties['Name']) { return [string]$Value.Name }
    return [string]$Value
}

function NameStrs($Value) {
    $list = New-Object System.Collections.Generic.List[string]
    if ($null -ne $Value) {
        foreach ($item in $Value) { if ($null -ne $item) { $list.Add((NameOf $item)) } }
    }
    return , $list.ToArray()
}

function Utc($Value) {
    if ($null -eq $Value -or '' -eq $Value) { return $null }
    return ([datetime]$Value).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", $Invariant)
}

function Bool($Value) { return [bool]$Value }

# Graph SDK objects keep derived-type properties (mailExchange, text, ...)
# in AdditionalProperties.
function Extra($Object, [string]$Name) {
    $bag = $Object.AdditionalProperties
    if ($null -ne $bag -and $bag.ContainsKey($Name)) { return $bag[$Name] }
    return $null
}

# Runs one part of the export; a failure leaves the part out with a warning
# ($null), so ndrdiag skips the checks that need it.
function Try-Part([string]$What, [scriptblock]$Block) {
    try {
        return & $Block
    } catch {
        Write-Warning "$What was not exported: $($_.Exception.Message)"
        return $null
    }
}

# The same for a list: an array even when empty or of one element (an empty
# list is an answer - "no inbound connectors" - while $null means unknown).
function Try-List([string]$What, [scriptblock]$Block) {
    try {
        return , @(& $Block)
    } catch {
        Write-Warning "$What was not exported: $($_.Exception.Message)"
        return $null
    }
}

# Exchange Online cmdlets, prefixed when on-premises ones share the session.
$Cloud = ''
if ($IncludeOnPremises) { $Cloud = 'Cloud' }
# Module functions do not see this script's $ErrorActionPreference, hence
# -ErrorAction Stop on every call (so Try-Part sees the failure).
function Exo([string]$Verb, [string]$Noun, [hashtable]$Params = @{}) {
    return & "$Verb-$Cloud$Noun" @Params -ErrorAction Stop
}

function DnsRecord($r) {
    $preference = Extra $r 'preference'
    $record = [ordered]@{
        recordType       = Str $r.RecordType
        label            = Str $r.Label
        isOptional       = Bool $r.IsOptional
        supportedService = Str $r.SupportedService
        ttl              = [int]$r.Ttl
        mailExchange     = Str (Extra $r 'mailExchange')
        text             = Str (Extra $r 'text')
        canonicalName    = Str (Extra $r 'canonicalName')
    }
    if ($null -ne $preference) { $record.preference = [int]$preference }
    return $record
}

function RecipientOf($r) {
    return [ordered]@{
        PrimarySmtpAddress   = Str $r.PrimarySmtpAddress
        RecipientTypeDetails = Str $r.RecipientTypeDetails
        EmailAddresses       = Strs $r.EmailAddresses
    }
}

# --- sign-in -----------------------------------------------------------------

$connectedExo = $false
$connectedGraph = $false
if (-not $SkipConnect) {
    if ($IncludeOnPremises) {
        Connect-ExchangeOnline -ShowBanner:$false -Prefix $Cloud
    } else {
        Connect-ExchangeOnline -ShowBanner:$false
    }
    $connectedExo = $true
    Connect-MgGraph -Scopes 'Domain.Read.All', 'ServiceHealth.Read.All' | Out-Null
    $connectedGraph = $true
}

try {
    # --- Exchange Online -------------------------------------------------------
    $exo = [ordered]@{}
    $accepted = Try-List 'exo.acceptedDomains' { Exo Get AcceptedDomain }
    if ($null -ne $accepted) {
        $exo.acceptedDomains = @($accepted | ForEach-Object {
                [ordered]@{
                    Name            = Str $_.Name
                    DomainName      = Str $_.DomainName
                    DomainType      = Str $_.DomainType
                    Default         = Bool $_.Default
                    MatchSubDomains = Bool $_.MatchSubDomains
                    OutboundOnly    = Bool $_.OutboundOnly
                }
            })
    }
    if (-not $Domain) {
        $Domain = @($accepted | ForEach-Object { Str $_.DomainName } |
                Where-Object { $_ -and $_ -notlike '*.onmicrosoft.com' })
    }

    $inbound = Try-List 'exo.inboundConnectors' { Exo Get InboundConnector }
    if ($null -ne $inbound) {
        $exo.inboundConnectors = @($inbound | ForEach-Object {
                [ordered]@{
                    Name                         = Str $_.Name
                    Enabled                      = Bool $_.Enabled
                    ConnectorType                = Str $_.ConnectorType
                    ConnectorSource              = Str $_.ConnectorSource
                    SenderDomains                = Strs $_.SenderDomains
                    SenderIPAddresses            = Strs $_.SenderIPAddresses
                    RequireTls                   = Bool $_.RequireTls
                    TlsSenderCertificateName     = Str $_.TlsSenderCertificateName
                    RestrictDomainsToCertificate = Bool $_.RestrictDomainsToCertificate
                    RestrictDomainsToIPAddresses = Bool $_.RestrictDomainsToIPAddresses
                    AssociatedAcceptedDomains    = Strs $_.AssociatedAcceptedDomains
                    CloudServicesMailEnabled     = Bool $_.CloudServicesMailEnabled
                    TreatMessagesAsInternal      = Bool $_.TreatMessagesAsInternal
                    EFSkipLastIP                 = Bool $_.EFSkipLastIP
                    EFSkipIPs                    = Strs $_.EFSkipIPs
                }
            })
    }

    $outbound = Try-List 'exo.outboundConnectors' { Exo Get OutboundConnector }
    if ($null -ne $outbound) {
        $exo.outboundConnectors = @($outbound | ForEach-Object {
                [ordered]@{
                    Name                          = Str $_.Name
                    Enabled                       = Bool $_.Enabled
                    ConnectorType                 = Str $_.ConnectorType
                    ConnectorSource               = Str $_.ConnectorSource
                    RecipientDomains              = Strs $_.RecipientDomains
                    SmartHosts                    = SmartHostStrs $_.SmartHosts
                    UseMXRecord                   = Bool $_.UseMXRecord
                    TlsSettings                   = Str $_.TlsSettings
                    TlsDomain                     = Str $_.TlsDomain
                    CloudServicesMailEnabled      = Bool $_.CloudServicesMailEnabled
                    RouteAllMessagesViaOnPremises = Bool $_.RouteAllMessagesViaOnPremises
                    IsTransportRuleScoped         = Bool $_.IsTransportRuleScoped
                    TestMode                      = Bool $_.TestMode
                }
            })
    }

    $onPremOrg = Try-List 'exo.onPremOrg' { Exo Get OnPremisesOrganization }
    if ($null -ne $onPremOrg -and $onPremOrg.Count -gt 0) {
        $o = $onPremOrg[0]
        $exo.onPremOrg = [ordered]@{
            Name              = Str $o.Name
            HybridDomains     = Strs $o.HybridDomains
            InboundConnector  = NameOf $o.InboundConnector
            OutboundConnector = NameOf $o.OutboundConnector
            OrganizationGuid  = Str $o.OrganizationGuid
            OrganizationName  = Str $o.OrganizationName
        }
    }

    $dnssec = New-Object System.Collections.Generic.List[object]
    foreach ($d in $Domain) {
        $s = Try-Part "exo.dnssec for $d" { Exo Get DnssecStatusForVerifiedDomain @{ DomainName = $d } }
        if ($null -eq $s) { continue }
        $dnssec.Add([ordered]@{
                DomainName          = $d
                DnssecFeatureStatus = Str $s.DnssecFeatureStatus
                ExpectedMxRecord    = [ordered]@{ Record = Str $s.ExpectedMxRecord.Record }
                MxValidation        = [ordered]@{
                    Status          = Str $s.MxValidation.Status
                    ActualMxRecords = Strs $s.MxValidation.ActualMxRecords
                    Errors          = Strs $s.MxValidation.Errors
                }
                DnsValidation       = [ordered]@{
                    Status         = Str $s.DnsValidation.Status
                    DnssecSupport  = Str $s.DnsValidation.DnssecSupport
                }
            })
    }
    $exo.dnssec = $dnssec.ToArray()

    $dkim = Try-List 'exo.dkim' { Exo Get DkimSigningConfig }
    if ($null -ne $dkim) {
        $exo.dkim = @($dkim | ForEach-Object {
                [ordered]@{
                    Name           = Str $_.Name
                    Domain         = Str $_.Domain
                    Enabled        = Bool $_.Enabled
                    Status         = Str $_.Status
                    Selector1CNAME = Str $_.Selector1CNAME
                    Selector2CNAME = Str $_.Selector2CNAME
                }
            })
    }

    $org = Try-Part 'exo.org' { Exo Get OrganizationConfig }
    if ($null -ne $org) {
        $exo.org = [ordered]@{ Name = Str $org.Name; RejectDirectSend = Bool $org.RejectDirectSend }
    }

    $recipients = New-Object System.Collections.Generic.List[object]
    foreach ($address in $Recipient) {
        # Get-EXORecipient is not prefixed by Connect-ExchangeOnline -Prefix.
        $r = Try-Part "exo.recipients for $address" {
            Get-EXORecipient -Identity $address -ErrorAction Stop `
                -Properties PrimarySmtpAddress, RecipientTypeDetails, EmailAddresses
        }
        if ($null -ne $r) { $recipients.Add((RecipientOf $r)) }
    }
    $exo.recipients = $recipients.ToArray()

    # --- Microsoft Graph -------------------------------------------------------
    $graph = [ordered]@{}
    $mgDomains = Try-List 'graph.domains' { Get-MgDomain -All -ErrorAction Stop }
    if ($null -ne $mgDomains) {
        $graph.domains = @($mgDomains | ForEach-Object {
                $entry = [ordered]@{
                    id                 = Str $_.Id
                    isVerified         = Bool $_.IsVerified
                    isDefault          = Bool $_.IsDefault
                    isInitial          = Bool $_.IsInitial
                    supportedServices  = Strs $_.SupportedServices
                    authenticationType = Str $_.AuthenticationType
                }
                # Records only for the domains asked about: two calls each.
                if ($Domain -contains $_.Id) {
                    $id = $_.Id
                    $config = Try-List "graph serviceConfigurationRecords for $id" {
                        Get-MgDomainServiceConfigurationRecord -DomainId $id -All -ErrorAction Stop
                    }
                    if ($null -ne $config) {
                        $entry.serviceConfigurationRecords = @($config | Where-Object { $_ } | ForEach-Object { DnsRecord $_ })
                    }
                    $verification = Try-List "graph verificationDnsRecords for $id" {
                        Get-MgDomainVerificationDnsRecord -DomainId $id -All -ErrorAction Stop
                    }
                    if ($null -ne $verification) {
                        $entry.verificationDnsRecords = @($verification | Where-Object { $_ } | ForEach-Object { DnsRecord $_ })
                    }
                }
                $entry
            })
    }
    $health = Try-List 'graph.serviceHealth' {
        Get-MgServiceAnnouncementHealthOverview -ExpandProperty issues -All -ErrorAction Stop
    }
    if ($null -ne $health) {
        $graph.serviceHealth = @($health | ForEach-Object {
                [ordered]@{
                    service = Str $_.Service
                    status  = Str $_.Status
                    issues  = @($_.Issues | Where-Object { $_ -and -not $_.IsResolved } | ForEach-Object {
                            [ordered]@{
                                id                = Str $_.Id
                                title             = Str $_.Title
                                classification    = Str $_.Classification
                                isResolved        = Bool $_.IsResolved
                                status            = Str $_.Status
                                feature           = Str $_.Feature
                                impactDescription = Str $_.ImpactDescription
                            }
                        })
                }
            })
    }

    $snapshot = [ordered]@{
        capturedAt  = Utc (Get-Date)
        toolVersion = $ToolVersion
        graph       = $graph
        exo         = $exo
    }

    # --- on-premises (Exchange Management Shell) -------------------------------
    if ($IncludeOnPremises) {
        $op = [ordered]@{}
        $hc = Try-Part 'onPremises.hybridConfiguration' { Get-HybridConfiguration -ErrorAction Stop }
        if ($null -ne $hc) {
            $op.hybridConfiguration = [ordered]@{
                Domains                     = Strs $hc.Domains
                OnPremisesSmartHost         = Str $hc.OnPremisesSmartHost
                TlsCertificateName          = Str $hc.TlsCertificateName
                SendingTransportServers     = NameStrs $hc.SendingTransportServers
                ReceivingTransportServers   = NameStrs $hc.ReceivingTransportServers
                EdgeTransportServers        = NameStrs $hc.EdgeTransportServers
                Features                    = Strs $hc.Features
                ExternalIPAddresses         = Strs $hc.ExternalIPAddresses
            }
        }
        $send = Try-List 'onPremises.sendConnectors' { Get-SendConnector -ErrorAction Stop }
        if ($null -ne $send) {
            $op.sendConnectors = @($send | ForEach-Object {
                    [ordered]@{
                        Name                     = Str $_.Name
                        Enabled                  = Bool $_.Enabled
                        AddressSpaces            = Strs $_.AddressSpaces
                        SmartHosts               = SmartHostStrs $_.SmartHosts
                        DNSRoutingEnabled        = Bool $_.DNSRoutingEnabled
                        RequireTLS               = Bool $_.RequireTLS
                        IgnoreSTARTTLS           = Bool $_.IgnoreSTARTTLS
                        TlsAuthLevel             = Str $_.TlsAuthLevel
                        TlsDomain                = Str $_.TlsDomain
                        TlsCertificateName       = Str $_.TlsCertificateName
                        CloudServicesMailEnabled = Bool $_.CloudServicesMailEnabled
                        Fqdn                     = Str $_.Fqdn
                        SourceTransportServers   = NameStrs $_.SourceTransportServers
                    }
                })
        }
        $receive = Try-List 'onPremises.receiveConnectors' { Get-ReceiveConnector -ErrorAction Stop }
        if ($null -ne $receive) {
            $op.receiveConnectors = @($receive | ForEach-Object {
                    [ordered]@{
                        Identity              = Str $_.Identity
                        Name                  = Str $_.Name
                        TransportRole         = Str $_.TransportRole
                        Bindings              = Strs $_.Bindings
                        RemoteIPRanges        = Strs $_.RemoteIPRanges
                        PermissionGroups      = Str $_.PermissionGroups
                        AuthMechanism         = Str $_.AuthMechanism
                        TlsCertificateName    = Str $_.TlsCertificateName
                        TlsDomainCapabilities = Strs $_.TlsDomainCapabilities
                        Fqdn                  = Str $_.Fqdn
                        RequireTLS            = Bool $_.RequireTLS
                        Enabled               = Bool $_.Enabled
                    }
                })
        }
        # Get-ExchangeCertificate lists the local server's certificates only:
        # ask every server the hybrid set-up sends or receives with (HCW's
        # transport servers, the send connectors' source servers, the
        # servers of the receive connectors), once per thumbprint.
        $servers = New-Object System.Collections.Generic.List[string]
        $addServer = { param($n) if ($n -and -not $servers.Contains($n)) { $servers.Add($n) } }
        if ($null -ne $op.hybridConfiguration) {
            foreach ($n in $op.hybridConfiguration.SendingTransportServers) { & $addServer $n }
            foreach ($n in $op.hybridConfiguration.ReceivingTransportServers) { & $addServer $n }
        }
        foreach ($c in @($op.sendConnectors)) {
            if ($null -ne $c) { foreach ($n in $c.SourceTransportServers) { & $addServer $n } }
        }
        foreach ($c in @($op.receiveConnectors)) {
            # Identity is "SERVER\Connector name".
            if ($null -ne $c -and $c.Identity -match '^([^\\]+)\\') { & $addServer $Matches[1] }
        }
        $certs = Try-List 'onPremises.exchangeCertificates' {
            if ($servers.Count -eq 0) { Get-ExchangeCertificate -ErrorAction Stop }
            foreach ($server in $servers) { Get-ExchangeCertificate -Server $server -ErrorAction Stop }
        }
        if ($null -ne $certs) {
            $seen = @{}
            $op.exchangeCertificates = @($certs | Where-Object {
                    $new = -not $seen.ContainsKey([string]$_.Thumbprint)
                    $seen[[string]$_.Thumbprint] = $true
                    $new
                } | ForEach-Object {
                    [ordered]@{
                        Thumbprint         = Str $_.Thumbprint
                        Issuer             = Str $_.Issuer
                        Subject            = Str $_.Subject
                        CertificateDomains = Strs $_.CertificateDomains
                        NotAfter           = Utc $_.NotAfter
                        Services           = Str $_.Services
                        Status             = Str $_.Status
                    }
                })
        }
        $opAccepted = Try-List 'onPremises.acceptedDomains' { Get-AcceptedDomain -ErrorAction Stop }
        if ($null -ne $opAccepted) {
            $op.acceptedDomains = @($opAccepted | ForEach-Object {
                    [ordered]@{
                        Name            = Str $_.Name
                        DomainName      = Str $_.DomainName
                        DomainType      = Str $_.DomainType
                        Default         = Bool $_.Default
                        MatchSubDomains = Bool $_.MatchSubDomains
                    }
                })
        }
        $remote = Try-List 'onPremises.remoteDomains' { Get-RemoteDomain -ErrorAction Stop }
        if ($null -ne $remote) {
            $op.remoteDomains = @($remote | ForEach-Object {
                    [ordered]@{
                        Name                      = Str $_.Name
                        DomainName                = Str $_.DomainName
                        TargetDeliveryDomain      = Bool $_.TargetDeliveryDomain
                        TrustedMailInboundEnabled = Bool $_.TrustedMailInboundEnabled
                    }
                })
        }
        $policies = Try-List 'onPremises.emailAddressPolicies' { Get-EmailAddressPolicy -ErrorAction Stop }
        if ($null -ne $policies) {
            $op.emailAddressPolicies = @($policies | ForEach-Object {
                    [ordered]@{
                        Name                         = Str $_.Name
                        EnabledEmailAddressTemplates = Strs $_.EnabledEmailAddressTemplates
                    }
                })
        }
        # The remote mailboxes (moved to Exchange Online) hybrid.targetaddress
        # judges: the -Recipient addresses, else the first 1000.
        $remoteMailboxes = New-Object System.Collections.Generic.List[object]
        $found = @()
        if ($Recipient) {
            foreach ($address in $Recipient) {
                $found += @(Try-Part "onPremises.remoteMailboxes for $address" {
                        Get-RemoteMailbox -Identity $address -ErrorAction Stop
                    })
            }
        } else {
            $found = @(Try-List 'onPremises.remoteMailboxes' {
                    Get-RemoteMailbox -ResultSize 1000 -ErrorAction Stop
                })
        }
        foreach ($m in $found) {
            if ($null -eq $m) { continue }
            $routing = $m.RemoteRoutingAddress
            if ($null -ne $routing -and $routing.PSObject.Properties['AddressString']) {
                $routing = $routing.AddressString
            }
            $remoteMailboxes.Add([ordered]@{
                    PrimarySmtpAddress   = Str $m.PrimarySmtpAddress
                    RecipientTypeDetails = Str $m.RecipientTypeDetails
                    EmailAddresses       = Strs $m.EmailAddresses
                    RemoteRoutingAddress = (Str $routing) -replace '^(?i)smtp:', ''
                })
        }
        $op.remoteMailboxes = $remoteMailboxes.ToArray()
        if (-not $EgressIp) {
            $answer = Read-Host ('Public IPv4 addresses your on-premises servers send to ' +
                'Exchange Online from (comma-separated; Enter to skip)')
            $EgressIp = @($answer -split '[,\s]+' | Where-Object { $_ })
        }
        $op.egressIpAddresses = Strs $EgressIp
        $snapshot.onPremises = $op
    } elseif ($EgressIp) {
        $snapshot.onPremises = [ordered]@{ egressIpAddresses = Strs $EgressIp }
    }

    # --- write -------------------------------------------------------------------
    $json = ConvertTo-Json -InputObject $snapshot -Depth 8
    # Relative to the PowerShell location, not the process's directory; UTF-8
    # without a BOM whatever the PowerShell version's default encoding is.
    $path = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutFile)
    [IO.File]::WriteAllText($path, $json, (New-Object System.Text.UTF8Encoding $false))
    Write-Host "Wrote $path"
    $first = @($Domain) + @('DOMAIN') | Select-Object -First 1
    Write-Host "Next: ndrdiag diagnose $first --snapshot `"$path`""
} finally {
    if ($connectedExo) { Disconnect-ExchangeOnline -Confirm:$false | Out-Null }
    if ($connectedGraph) { Disconnect-MgGraph | Out-Null }
}
