<!DOCTYPE xsl:stylesheet [<!ENTITY secret SYSTEM "file://@CANARY@"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
<xsl:template match="/"><html><body>&secret;&b;</body></html></xsl:template>
</xsl:stylesheet>
